/**
 * What an admin call can answer besides success. Shared by the HTTP API (each
 * error carries its status) and the CLI (which prints the message). Messages
 * name ids and fixes, never a phone number or a text.
 */
import { Schema } from "effect"

export class AdminUnauthorized extends Schema.TaggedError<AdminUnauthorized>()(
  "AdminUnauthorized",
  { message: Schema.String },
  { httpApiStatus: 401 }
) {}

export class PersonNotFound extends Schema.TaggedError<PersonNotFound>()(
  "PersonNotFound",
  { message: Schema.String },
  { httpApiStatus: 404 }
) {}

export class DeadLetterNotFound extends Schema.TaggedError<DeadLetterNotFound>()(
  "DeadLetterNotFound",
  { message: Schema.String },
  { httpApiStatus: 404 }
) {}

/** A well-formed request the rules refuse (an opt-in the person did not give, an unknown tier). */
export class AdminRefused extends Schema.TaggedError<AdminRefused>()(
  "AdminRefused",
  { message: Schema.String },
  { httpApiStatus: 409 }
) {}

/** A value outside what the call accepts (a reversed range, a year out of bounds). */
export class AdminBadRequest extends Schema.TaggedError<AdminBadRequest>()(
  "AdminBadRequest",
  { message: Schema.String },
  { httpApiStatus: 400 }
) {}

/** The database did not answer or failed; nothing was changed that the caller must undo. Retry later. */
export class AdminUnavailable extends Schema.TaggedError<AdminUnavailable>()(
  "AdminUnavailable",
  { message: Schema.String },
  { httpApiStatus: 503 }
) {}

export type AdminError = PersonNotFound | DeadLetterNotFound | AdminRefused | AdminBadRequest | AdminUnavailable
