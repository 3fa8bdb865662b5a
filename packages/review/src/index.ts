export {
  type AgreementDisagreement,
  type AgreementOptions,
  type ArticleAgreement,
  articleAgreement,
  cohensKappa,
  krippendorffAlpha,
  type PairAgreement,
} from './agreement'
export {
  ALIGN_THRESHOLD,
  type AlignOptions,
  alignSentences,
  compareStory,
  type SentenceAlignment,
  type SentencePair,
  type StoryArticleSummary,
  type StoryClaim,
  type StoryComparison,
  type StoryOptions,
  type StorySentence,
} from './align'
export { type ArticleSuggestion, articleSuggestions, suggestionAnnotations } from './articleSuggestions'
export {
  ANONYMOUS_LABEL,
  type AnnotatorProgress,
  type ArticleAgreementSummary,
  type ArticleCoverage,
  articleCoverage,
  type CorpusAnnotatorProgress,
  type CorpusCoverage,
  type CoverageGroupBy,
  type CoverageOptions,
  corpusCoverage,
  coverageGroupKey,
  type GroupCoverage,
  groupCoverage,
  type LabelCoverage,
  NO_GROUP,
  QUOTE_LABEL,
  sumCoverage,
  type UnattributedSentence,
} from './coverage'
export { type Evaluation, evaluate, type LabelScores, type Scores } from './evaluate'
export {
  type ArticleLayers,
  articleLayers,
  firstSource,
  type LayerCell,
  mergedLabels,
  type SentenceAgreement,
  type SentenceLayers,
} from './layers'
export {
  type ArticleDigest,
  articleDigest,
  type CoverageFilter,
  type CoverageReport,
  type CoverageReportOptions,
  coverageCollector,
  coverageReport,
  digestServes,
  keepForCoverage,
  reportCoverageOptions,
} from './report'
export {
  type Cue,
  type CueKind,
  type SentenceSuggestion,
  SUGGESTER,
  suggestSentences,
} from './suggest'
