import type { paths } from './generated/openapi';

/**
 * The few named types the client's own code needs, reached through operation paths rather than
 * schema names, so renaming a schema in the API document changes nothing here.
 */

/** The JSON body an operation answers with `status`. */
export type ResponseBody<
  Path extends keyof paths,
  Method extends keyof paths[Path],
  Status extends number,
> = paths[Path][Method] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The JSON body an operation accepts. */
export type RequestBody<
  Path extends keyof paths,
  Method extends keyof paths[Path],
> = paths[Path][Method] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The error envelope every 4xx and 5xx answers with. */
export type ErrorBody = ResponseBody<'/api/v1/auth/me', 'get', 401>;

/** An event as the events feed lists it and a webhook delivers it (`type` and `data` untied). */
export type EventEnvelope = ResponseBody<'/api/v1/events', 'get', 200>['events'][number];
