import { JSONL_MEDIA_TYPE } from '@attrib/formats'
import type { FastifyReply } from 'fastify'

/**
 * The body of an answer in JSON Lines (`?format=jsonl`): `text` as bytes, typed `JSONL_MEDIA_TYPE`. Bytes,
 * because fastify adds a charset to a string's content type (see `JSONL_MEDIA_TYPE` for why there is none).
 */
export function jsonLinesBody(reply: FastifyReply, text: string): Buffer {
  reply.header('content-type', JSONL_MEDIA_TYPE)
  return Buffer.from(text)
}
