/** Audio echo pipeline: WAV decoding, DSP, base64 and chunk planning. Pure: no DOM, no Web Audio. */
export * from './wav';
export * from './dsp';
export * from '../base64';
export * from './echo-chunks';
export * from './echo-pcm';
