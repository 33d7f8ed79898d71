// What an AsyncAPI import gives back: the scenario, and every part of the document it could
// not map, each with where it is in the document and why — nothing is dropped silently.

import type { Scenario } from '../engine/scenario/types';

export interface Unmapped {
  /** Where in the document, as dotted keys ("channels.lightTurnOn.parameters"). */
  path: string;
  /** What was there and why the simulator does not use it. */
  reason: string;
}

export interface AsyncApiImport {
  scenario: Scenario;
  /** The document's AsyncAPI version ("2.6.0", "3.0.0"). */
  version: string;
  unmapped: Unmapped[];
}

/** The parser's first error: its message and where in the document. */
export interface AsyncApiDiagnostic {
  message: string;
  path: string;
}

export class AsyncApiInvalid extends Error {
  constructor(readonly diagnostic: AsyncApiDiagnostic) {
    super(diagnostic.path ? `${diagnostic.path}: ${diagnostic.message}` : diagnostic.message);
    this.name = 'AsyncApiInvalid';
  }
}
