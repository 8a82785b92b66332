/** The composer's pure core: interaction types, validation, size accounting, builders and snippets. */
export * from './interactions/types';
export * from './interactions/size';
export {
  validateInteraction,
  type InteractionValidation,
  type ValidateInteractionOptions,
} from './interactions/validate';
export * from './interactions/builders';
export { toSendAppMessageSnippet } from './interactions/snippet';
export * from './interactions/tool-call-replies';
export {
  envelopeSchema,
  respondPropertiesSchema,
  echoTextPropertiesSchema,
  echoAudioPropertiesSchema,
  contextPropertiesSchema,
  sensitivityPropertiesSchema,
  toolResultPropertiesSchema,
  objectiveConfirmPropertiesSchema,
  realtimeApiPropertiesSchema,
} from './interactions/schemas';
