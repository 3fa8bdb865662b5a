export { bratConfig, exportBrat, parseBrat } from './brat'
export {
  EXPORT_FORMATS,
  type ExportFile,
  type ExportFormat,
  exportFiles,
  isSingleFile,
  mediaType,
} from './exportCorpus'
export { type ExportFilter, filterArticle, keepArticle } from './filter'
export { exportJsonl, parseJsonl } from './jsonl'
export { type ArticleRecord, FormatError, type RecordAnnotation, snapshotToRecord } from './record'
export {
  csvField,
  exportSentencesCsv,
  exportSentencesJsonl,
  SENTENCE_CSV_HEADER,
  type SentenceRow,
  sentenceRows,
} from './sentences'
