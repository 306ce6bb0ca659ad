import twilio from 'twilio';

type RequestOptions<TData> = Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0];
type ClientOptions = ConstructorParameters<typeof twilio.RequestClient>[0];

/**
 * The SDK's own HTTP client with every Twilio URL moved onto another base URL (a simulator, a proxy).
 * The SDK builds absolute https://<product>.twilio.com URLs, so rewriting here, after it has built them,
 * keeps each request exactly as the SDK shaped it: path, form body, auth and headers.
 */
export class EndpointRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(endpoint: string, options: ClientOptions = {}) {
    super(options);
    this.base = new URL(endpoint);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const basePath = this.base.pathname.replace(/\/$/, '');
    const uri = `${this.base.origin}${basePath}${original.pathname}${original.search}`;
    return super.request<TData>({ ...opts, uri });
  }
}
