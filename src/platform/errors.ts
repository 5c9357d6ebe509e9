/** An error a person caused and can fix; `key` names the message in the catalogues under `errors.`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly key: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(key)
  }
}

export const notFound = (): never => {
  throw new HttpError(404, '404')
}
