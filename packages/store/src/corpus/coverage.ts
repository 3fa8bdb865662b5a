import {
  type CoverageReport,
  type CoverageReportOptions,
  coverageCollector,
  digestServes,
} from '@attrib/review'
import type { CorpusReader } from './corpusReader'

/**
 * The coverage report of the corpus `reader` reads, for `GET /api/review/coverage` and `attrib coverage`
 * alike, one article at a time. The usual report (accepted annotations, every annotator, no sentence text:
 * see `digestServes`) is made from the read model's digests, without any article's snapshot; any other
 * from the snapshots. `ids`: the articles to read, in order (by default the whole catalog).
 * @example
 * const report = await corpusCoverage(storeCorpusReader(store), { labels, filter: { outlets: ['BBC'] } })
 */
export async function corpusCoverage(
  reader: CorpusReader,
  options: CoverageReportOptions,
  ids?: readonly string[],
): Promise<CoverageReport> {
  const collector = coverageCollector(options)
  const articles = ids ?? (await reader.listArticles()).map((row) => row.id)
  if (digestServes(options)) {
    for await (const { digest } of reader.readDigests(articles)) if (digest) collector.addDigest(digest)
  } else {
    for await (const { snapshot } of reader.readArticles(articles)) if (snapshot) collector.add(snapshot)
  }
  return collector.report()
}
