// What a lesson page lends its editor: the lesson's main action ("Check my code" over every seed
// × fault plan, with progress and cancel), the verdict of the last check, and the gate in front
// of the reference solution (offered after a first check, asked about once, recorded). The
// playground's editor has none of this; a lesson's LessonState provides it.

export interface LessonEditorControls {
  check(): void;
  cancelCheck(): void;
  readonly checking: boolean;
  readonly checkProgress: { done: number; total: number } | null;
  /** One line about the last check: solved, or which check failed and why. */
  readonly verdict: { solved: boolean; text: string } | null;
  readonly solutionOffered: boolean;
  readonly solutionViewed: boolean;
  viewSolution(): void;
}
