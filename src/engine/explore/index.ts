// Exploring runs: shrinking a failing fault plan to a minimal one (delta debugging) and the
// crash-point explorer. Both are pure and synchronous, built on runScenario, with progress
// callbacks that can cancel, so the UI can drive them in the worker and show progress.

export { shrinkFaults, materialise, splitChaos, NotFailing, type ShrinkOptions, type ShrinkResult } from './shrink';
export { exploreCrashPoints, crashTargets, formatCrashTable, type CrashPointRow, type ExploreOptions, type ExploreResult } from './crash-points';
export { classify, profile, type Outcome, type Classification } from './outcome';
export { compareBrokers, NoBrokerSwitch, COMPARED_BROKERS, type BrokerComparison } from './compare-brokers';
