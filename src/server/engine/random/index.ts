/** Seeded random streams and distributions shared by the engines. */
export {
  STREAM_WORDS,
  createStreams,
  hashString,
  mix32,
  nextUint32,
  nextUniform,
  nextUniformOpen,
  seedStream,
} from "./prng.ts";
export {
  buildDiscreteTable,
  logGamma,
  meanInterval,
  negativeBinomialTable,
  normalCdf,
  normalLoss,
  normalPdf,
  normalQuantile,
  poissonTable,
  sampleGamma,
  sampleStandardNormal,
  sampleTable,
  studentT975,
  type DiscreteTable,
  type MeanInterval,
} from "./distributions.ts";
