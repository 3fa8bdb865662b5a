export { bratConfig, exportBrat, parseBrat } from './brat'
export { type ConllOptions, exportConll } from './conll'
export {
  type CorpusFormat,
  collect,
  type ExportFile,
  type ExportOptions,
  JSONL_MEDIA_TYPE,
  lines,
} from './corpusFormat'
export { type DoccanoAnnotationMeta, exportDoccano, parseDoccano } from './doccano'
export { type ExportFilter, filterArticle, keepArticle } from './filter'
export { exportJsonl, jsonlFormat, parseJsonl, parseJsonlLine } from './jsonl'
export {
  exportLabelStudio,
  LABEL_STUDIO_NAMES,
  type LabelStudioRegion,
  type LabelStudioTask,
  labelStudioConfig,
  parseLabelStudio,
} from './labelstudio'
export { type ArticleRecord, FormatError, type RecordAnnotation, snapshotToRecord } from './record'
export {
  CORPUS_FORMATS,
  corpusFormat,
  EXPORT_FORMATS,
  type ExportFormat,
  exportFiles,
  formatTable,
} from './registry'
export {
  csvField,
  exportSentencesCsv,
  exportSentencesJsonl,
  SENTENCE_CSV_HEADER,
  type SentenceRow,
  sentenceRows,
} from './sentences'
export {
  articleIdOfIri,
  articleIri,
  DEFAULT_BASE_IRI,
  exportW3c,
  parseW3c,
  W3C_CONTEXT,
  W3C_TEXTS_FOLDER,
  type W3cExportOptions,
} from './w3c'
