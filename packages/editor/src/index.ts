export {
  type AnnotationFilter,
  type AnnotationRecord,
  type AnnotationsState,
  annotationsKey,
  annotationsPlugin,
  createResolver,
  labelColors,
  redrawAnnotations,
  refreshAnnotations,
  relativePositionAt,
  resolveAllRecords,
  setLabelColors,
} from './annotationPlugin'
export {
  type BadgeLabel,
  badgeKey,
  badgeLabels,
  type LabelStyle,
  labelStyles,
  sentenceClass,
  sentenceStyle,
  spanLook,
  styleOf,
} from './annotationStyle'
export { type BuildEditorOptions, buildAttributionEditor, type Pause } from './buildEditor'
export {
  attachedAnnotations,
  type CommandContext,
  currentSentence,
  labelCounts,
  moveSentence,
  removeAnnotation,
  reviewSuggestions,
  type SentenceDetails,
  setSourceName,
  setStatus,
  spansIn,
  targetSentences,
  toggleSentenceLabel,
  toggleSpanLabel,
} from './commands'
export {
  type AttributionEditor,
  type AttributionEditorOptions,
  createAttributionEditor,
  type EditorMode,
  type PreparedEditor,
} from './createEditor'
export { articleSchema } from './schema'
export {
  adjacentSentence,
  allSentences,
  paragraphSentences,
  type SentenceRange,
  sentenceAt,
  sentencesInRange,
} from './sentences'
