import { createTransport, type Transporter } from 'nodemailer';

export interface RawOutboundMail {
  /** Envelope sender; '' sends the null sender (MAIL FROM:<>). */
  from: string;
  to: string[];
  raw: Buffer;
}

export interface ComposedOutboundMail {
  envelopeFrom: string;
  /** An address, or an address with a display name (nodemailer encodes the name). */
  from: string | { name: string; address: string };
  to: string;
  subject: string;
  text?: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
}

export interface OutboundSenderOptions {
  /** nodemailer SMTP URL for forwards and autoreplies; '' disables outbound mail. */
  relayUrl: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_CACHED_TRANSPORTS = 32;

/**
 * Everything delivery sends out: forwards and autoreplies through the configured relay, relays through
 * filter-given smtp(s) URLs, and POSTs of the raw message to filter-given http(s) URLs.
 */
export class OutboundSender {
  private readonly transports = new Map<string, Transporter>();
  private readonly timeoutMs: number;

  constructor(private readonly options: OutboundSenderOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** False when no relay is configured: forwarding and autoreplies are then skipped. */
  get relayEnabled(): boolean {
    return this.options.relayUrl !== '';
  }

  /** Resolves with the relay's final reply text (e.g. `250 2.0.0 Ok: queued as 4F1A2`). */
  async sendRaw(mail: RawOutboundMail, viaUrl: string = this.options.relayUrl): Promise<string> {
    if (!viaUrl) throw new Error('outbound mail is disabled (lmtp.relay.url is empty)');
    const info = (await this.transport(viaUrl).sendMail({
      envelope: { from: mail.from, to: mail.to },
      raw: mail.raw,
    })) as { response?: unknown };
    return typeof info.response === 'string' ? info.response : '';
  }

  async sendComposed(mail: ComposedOutboundMail): Promise<void> {
    if (!this.relayEnabled) throw new Error('outbound mail is disabled (lmtp.relay.url is empty)');
    await this.transport(this.options.relayUrl).sendMail({
      envelope: { from: mail.envelopeFrom, to: [mail.to] },
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      ...(mail.text ? { text: mail.text } : {}),
      ...(mail.html ? { html: mail.html } : {}),
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
      ...(mail.references?.length ? { references: mail.references } : {}),
      headers: mail.headers,
    });
  }

  /** POSTs the raw message; any 2xx answer counts as delivered. */
  async post(url: string, raw: Buffer, headers: Record<string, string>): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', ...headers },
      body: raw,
      redirect: 'error',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok) throw new Error(`POST ${new URL(url).host} answered ${response.status}`);
  }

  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
  }

  private transport(url: string): Transporter {
    let transport = this.transports.get(url);
    if (!transport) {
      if (this.transports.size >= MAX_CACHED_TRANSPORTS) {
        // Filter URLs are user-supplied: bound the cache instead of keeping a transport per URL forever.
        const [oldestUrl, oldest] = this.transports.entries().next().value ?? [];
        oldest?.close();
        if (oldestUrl !== undefined) this.transports.delete(oldestUrl);
      }
      // A URL cannot carry timeouts; set them so a dead peer never stalls a delivery for long.
      transport = createTransport({
        url,
        connectionTimeout: this.timeoutMs,
        greetingTimeout: this.timeoutMs,
        socketTimeout: this.timeoutMs,
      });
      this.transports.set(url, transport);
    }
    return transport;
  }
}
