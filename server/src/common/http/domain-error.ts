/**
 * A business rule said no. Each module declares its own codes; the one exception filter maps
 * them to HTTP and socket errors so clients get a stable `code` and a human `message`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 422 | 423 | 429 | 503 = 409,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundDomainError extends DomainError {
  constructor(kind: string, id: string) {
    super(`${kind.toUpperCase()}_NOT_FOUND`, `${kind} '${id}' does not exist`, 404, { [kind]: id });
  }
}
