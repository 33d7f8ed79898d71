// The retry-policy lab: many clients retrying against a struggling dependency, one policy
// against another on the same seeds. Pure and deterministic like the rest of the engine.

export { LAB_POLICIES, POLICY_DEFAULTS, POLICY_TITLES, type LabPolicyName, type PolicySettings } from './policies';
export { LAB_BIN_TICKS, simulateRetries, type LabRunStats, type LabWorkload } from './simulate';
export type { DependencyModel } from './dependency';
export { LAB_PRESETS, LAB_PRESET_NAMES, HISTOGRAM_BINS_MAX, RetryLab, presetRequest, rebin, runRetryLab, type LabPresetName, type LabRequest, type LabResult, type PolicySummary, type SeedFigures } from './lab';
export { validateLabRequest, LAB_BOUNDS } from './validate';
