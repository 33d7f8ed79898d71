// A validation issue names where in the scenario the problem is and why, in one line:
// `services[1].handlers[0].consumes: no entity named "orders"`. Never a stack trace.

export interface ValidationIssue {
  path: string;
  message: string;
}

export function formatIssue(issue: ValidationIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** Thrown when a scenario, fault plan or link cannot be used; carries every issue found. */
export class ValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ValidationError';
  }
}
