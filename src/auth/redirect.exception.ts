/** Thrown where a page must send the browser elsewhere (to sign in, say); the filter redirects. */
export class RedirectException extends Error {
  constructor(readonly url: string) {
    super(`Redirect to ${url}`);
    this.name = 'RedirectException';
  }
}
