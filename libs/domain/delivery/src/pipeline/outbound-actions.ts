import type { HeaderField } from '@eider/mime';
import type { ForwardTarget } from '../filters/filter.types';
import { autoreplyActive, type AutoreplySettings } from '../autoreply/autoreply.service';
import { checkAutoreply, checkForward, LOOP_HEADER, loopTokenFor } from '../loop/loop-detector';
import type { OutboundSender } from '../outbound/outbound-sender';
import type { DeliveryLog } from './delivery.types';
import type { OutboundThrottle } from './outbound-throttle';

export interface ForwardRequest {
  /** The local address the message was delivered to; its loop token marks the copies. */
  address: string;
  /** Whose hourly budget the forwards use (user id, or the address for forwarded-only addresses). */
  budgetSubject: string;
  envelopeSender: string;
  headers: readonly HeaderField[];
  /** The message as delivered (trace headers included). */
  message: Buffer;
  eol: '\r\n' | '\n';
  targets: readonly ForwardTarget[];
  sessionId: string;
}

export interface AutoreplyRequest {
  userId: string;
  address: string;
  envelopeSender: string;
  headers: readonly HeaderField[];
  subject: string;
  messageId: string | null;
  references: string[];
  settings: AutoreplySettings;
  sessionId: string;
}

/** Forwards and autoreplies, with loop protection and rate limits. Failures are logged, never thrown. */
export class OutboundActions {
  constructor(
    private readonly sender: OutboundSender,
    private readonly throttle: OutboundThrottle,
    private readonly limits: { forwardsPerUserPerHour: number; autoreplyIntervalSeconds: number },
    private readonly log: DeliveryLog,
  ) {}

  /** Sends to every target it may; resolves with how many targets accepted the message. */
  async forward(request: ForwardRequest): Promise<number> {
    const base = { session: request.sessionId, address: request.address };
    if (request.targets.length === 0) return 0;
    const loop = checkForward(request.headers, request.address);
    if (!loop.allowed) {
      this.log.warn(
        { ...base, reason: loop.reason },
        'forward skipped: the message already passed this address',
      );
      return 0;
    }
    const token = loopTokenFor(request.address);
    const marked = Buffer.concat([Buffer.from(`${LOOP_HEADER}: ${token}${request.eol}`), request.message]);
    let sent = 0;
    for (const target of request.targets) {
      const fields = {
        ...base,
        target: target.kind === 'address' ? target.value : new URL(target.value).host,
      };
      if (target.kind !== 'http' && target.kind !== 'smtp' && !this.sender.relayEnabled) {
        this.log.warn(fields, 'forward skipped: outbound mail is disabled (lmtp.relay.url is empty)');
        continue;
      }
      if (!(await this.throttle.allowForward(request.budgetSubject, this.limits.forwardsPerUserPerHour))) {
        this.log.warn(fields, 'forward skipped: hourly forwarding limit reached');
        continue;
      }
      try {
        switch (target.kind) {
          case 'address':
            await this.sender.sendRaw({ from: request.envelopeSender, to: [target.value], raw: marked });
            break;
          case 'smtp':
            await this.sender.sendRaw(
              { from: request.envelopeSender, to: [request.address], raw: marked },
              target.value,
            );
            break;
          case 'http':
            await this.sender.post(target.value, marked, {
              'x-eider-recipient': encodeURIComponent(request.address),
              'x-eider-sender': encodeURIComponent(request.envelopeSender),
            });
            break;
        }
        sent++;
        this.log.info({ ...fields, kind: target.kind }, 'forwarded');
      } catch (error) {
        this.log.warn({ ...fields, kind: target.kind, err: describe(error) }, 'forward failed');
      }
    }
    return sent;
  }

  /** Answers with the vacation message when every rule allows it; true when one was sent. */
  async autoreply(request: AutoreplyRequest, now = new Date()): Promise<boolean> {
    if (!autoreplyActive(request.settings, now)) return false;
    const base = { session: request.sessionId, address: request.address };
    if (!this.sender.relayEnabled) {
      this.log.warn(base, 'autoreply skipped: outbound mail is disabled (lmtp.relay.url is empty)');
      return false;
    }
    const decision = checkAutoreply(request.headers, request.address, request.envelopeSender);
    if (!decision.allowed) {
      this.log.info({ ...base, reason: decision.reason }, 'autoreply suppressed');
      return false;
    }
    const claimed = await this.throttle.claimAutoreply(
      request.userId,
      request.envelopeSender,
      this.limits.autoreplyIntervalSeconds,
    );
    if (!claimed) {
      this.log.info(base, 'autoreply suppressed: this sender was answered recently');
      return false;
    }
    const subject = request.settings.subject || `Auto: ${request.subject}`.trim();
    try {
      await this.sender.sendComposed({
        // RFC 3834 3.3: the null sender, so a bounce of the reply never comes back to be answered.
        envelopeFrom: '',
        from: request.settings.name
          ? { name: request.settings.name, address: request.address }
          : request.address,
        to: request.envelopeSender,
        subject: subject.replace(/[\r\n]+/g, ' '),
        text: request.settings.text,
        html: request.settings.html,
        ...(request.messageId ? { inReplyTo: request.messageId } : {}),
        references: request.messageId ? [...request.references, request.messageId] : request.references,
        headers: {
          'Auto-Submitted': 'auto-replied',
          [LOOP_HEADER]: loopTokenFor(request.address),
        },
      });
      this.log.info(base, 'autoreply sent');
      return true;
    } catch (error) {
      this.log.warn({ ...base, err: describe(error) }, 'autoreply failed');
      return false;
    }
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
