/** Constants the views share: change the feel here, not in the views. */

/** Letters marking the parts of a concatenation (never colour alone). */
export const PART_LETTERS = "ABCDEFGH";

/** Milliseconds between positions when playing. */
export const PLAY_INTERVAL = 650;

/** Largest |JS − Keras| still called a match (Keras computes in float32). */
export const MATCH_TOLERANCE = 1e-4;
