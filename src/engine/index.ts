// Brokerlab's engine: a pure, deterministic discrete-event simulation of message brokers and
// the services around them. Same scenario, seed and fault plan ⇒ byte-identical trace, in Node
// and in the browser. This file is the engine's whole public surface.

export { runScenario, resultOf, countOutcomes, RunSummarizer, type RunResult, type RunMetrics } from './run';
export { Simulation, CHECKPOINT_EVERY, checkedOnce, type SimulationOptions } from './simulation';
export { defineScenario, DEFAULT_LIMITS, SCENARIO_FORMAT_VERSION } from './scenario/types';
export type { Scenario, EntitySpec, MessageSpec, ServiceSpec, HandlerSpec, HandlerCode, WorkloadSpec, FaultSpec, CheckSpec, BrokerKind, BrokerSwitch, Limits } from './scenario/types';
export type { Json } from './scenario/json';
export { validateScenario, validateFaults } from './scenario/validate';
export { onBroker, validateBrokerSwitch } from './scenario/broker-switch';
export { ValidationError, formatIssue, type ValidationIssue } from './scenario/validate-types';
export { validateShape, validateSeed, VALUES_MAX } from './scenario/validate-shape';
export { SEED_MAX, TICK_VALUE_MAX, LIMITS_CEILING, HOST_LIMITS_CEILING, SCENARIO_BOUNDS, FAULT_BOUNDS } from './scenario/bounds';
export type { TraceEvent, TraceKind, TraceDataMap, TraceEventOf, EndReason, DbWrite } from './trace/types';
export { hashTrace, TraceHasher } from './trace/hash';
export { TraceChunker, appendChunk, chunkBuffers, type TraceChunk } from './trace/chunk';
export { TraceColumns } from './trace/columns';
export type { CheckResult, CheckError, Check } from './checks/types';
export { checks, runCheck } from './checks/registry';
export { faultModels, type FaultModel } from './faults/registry';
export { CHAOS_KINDS } from './faults/chaos';
export { exploreCrashPoints, crashTargets, formatCrashTable, shrinkFaults, NotFailing, type CrashPointRow, type ExploreOptions, type ExploreResult, type ShrinkOptions, type ShrinkResult, type Outcome } from './explore/index';
export { retryDelayTicks, describePolicy, RETRY_KINDS, type RetryPolicy, type RetryKind } from './patterns/retry/policies';
export type { RecoverabilitySpec } from './patterns/retry/recoverability';
export type { CircuitBreakerSpec } from './patterns/circuit-breaker';
export { indexTrace, whyAgain, origin, chain, formatTicks, type Link } from './checks/why';
export { brokerModels } from './brokers/registry';
export { murmur2, partitionForKey } from './brokers/kafka/murmur2';
export { topicMatches } from './brokers/rabbitmq/topic-match';
export { builtinHandlers } from './handlers/builtins';
export { compileHandlerSource, CompileError } from './handlers/compile';
export type { Handler, HandlerContext, IncomingMessage, PublishOptions, Tx, DbApi, SagaApi } from './handlers/api';
export { CRASH_POINTS, type CrashPoint } from './services/invocation';
export { foldTrace, applyEvent, emptyState, toPlainState, type RunState, type PlainRunState, type EntityState, type ServiceState, type Table } from './state/fold';
export { createRandom, type Random } from './kernel/random';
export { EventQueue } from './kernel/event-queue';
export { parseTraceparent, formatTraceparent } from './kernel/ids';
