import { type ArticleSources, combineSources, type SourceIndex } from '@attrib/review'
import type { CorpusReader } from './corpusReader'

/**
 * The source index of the whole corpus (`combineSources` of @attrib/review) as `attrib sources` and
 * `GET /api/sources` both compute it: each article's part read from its digest in the read model, in id
 * order, without reading any snapshot.
 */
export async function corpusSources(reader: CorpusReader): Promise<SourceIndex> {
  const ids = (await reader.listArticles()).map((row) => row.id)
  const parts: ArticleSources[] = []
  for await (const { digest } of reader.readDigests(ids)) if (digest) parts.push(digest.sources)
  return combineSources(parts)
}
