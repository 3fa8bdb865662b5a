import { type SourceIndex, sourceIndex } from '@attrib/review'
import type { CorpusReader } from './corpusReader'

/**
 * The source index of the whole corpus (`sourceIndex` of @attrib/review) as `attrib sources` and
 * `GET /api/sources` both compute it: every article read through the read model, in id order.
 */
export async function corpusSources(reader: CorpusReader): Promise<SourceIndex> {
  const ids = (await reader.listArticles()).map((row) => row.id)
  const snapshots = []
  for await (const { snapshot } of reader.readArticles(ids)) if (snapshot) snapshots.push(snapshot)
  return sourceIndex(snapshots)
}
