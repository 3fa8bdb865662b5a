export {
  type AnnotationFilter,
  type AnnotationRecord,
  type AnnotationsState,
  annotationsKey,
  annotationsPlugin,
  createResolver,
  type LabelStyle,
  labelColors,
  labelStyles,
  refreshAnnotations,
  relativePositionAt,
  resolveAllRecords,
  setLabelColors,
} from './annotationPlugin'
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
