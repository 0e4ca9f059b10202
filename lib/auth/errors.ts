/** No valid session or token: the API answers 401, pages redirect to sign-in. */
export class UnauthorizedError extends Error {
  constructor(message = 'sign in first (or send Authorization: Bearer <token>)') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** Signed in, but the role does not allow it: 403. */
export class ForbiddenError extends Error {
  constructor(message = 'this needs the admin role') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** A request the server cannot even read (e.g. a malformed %-escape in the path): 400. */
export class BadRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}
