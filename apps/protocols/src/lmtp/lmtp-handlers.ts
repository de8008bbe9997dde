import type { Readable } from 'node:stream';
import type { AcceptedRecipient, DeliveryOutcome, DeliveryService } from '@eider/delivery';
import type { SMTPServerAddress, SMTPServerDataResult, SMTPServerSession } from 'smtp-server';
import { readMessage } from './lmtp-message.reader';
import { failureReply, outcomeReply, replyError, replyText, type ReplyPolicy } from './lmtp-replies';

export interface LmtpLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface LmtpHandlerOptions extends ReplyPolicy {
  maxMessageSize: number;
}

interface SessionState {
  started: number;
  transactions: number;
  /** Recipients accepted in the current transaction, by lowercased RCPT address (smtp-server's key). */
  accepted: Map<string, AcceptedRecipient>;
}

type Callback = (error?: Error | null) => void;

/**
 * The smtp-server callbacks for LMTP: RCPT decides what it can (unknown, disabled, full), DATA delivers
 * and answers once per accepted recipient (RFC 2033 4.2).
 */
export class LmtpHandlers {
  private readonly sessions = new Map<string, SessionState>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly delivery: DeliveryService,
    private readonly options: LmtpHandlerOptions,
    private readonly log: LmtpLog,
  ) {}

  /** Deliveries still running; shutdown waits for them. */
  get pending(): number {
    return this.inFlight.size;
  }

  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()))),
      ]);
    }
    return this.inFlight.size === 0;
  }

  onConnect(session: SMTPServerSession, callback: Callback): void {
    this.sessions.set(session.id, { started: Date.now(), transactions: 0, accepted: new Map() });
    this.log.info({ session: session.id, remote: session.remoteAddress }, 'lmtp session opened');
    callback();
  }

  onClose(session: SMTPServerSession): void {
    const state = this.sessions.get(session.id);
    this.sessions.delete(session.id);
    this.log.info(
      {
        session: session.id,
        remote: session.remoteAddress,
        transactions: state?.transactions ?? 0,
        durationMs: state ? Date.now() - state.started : 0,
      },
      'lmtp session closed',
    );
  }

  onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback: Callback): void {
    this.state(session).accepted.clear();
    callback();
  }

  onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: Callback): void {
    // MAIL FROM SIZE= lets RCPT refuse a recipient the message cannot fit before any data is sent.
    const args = session.envelope.mailFrom ? session.envelope.mailFrom.args : false;
    const size = args && typeof args['SIZE'] === 'string' ? Number(args['SIZE']) : 0;
    this.delivery.checkRecipient(address.address, Number.isSafeInteger(size) ? size : 0).then(
      (check) => {
        if (!check.ok) {
          const reply = failureReply(check.code, address.address, this.options);
          this.log.info(
            { session: session.id, rcpt: address.address, reply: reply.code, code: check.code },
            'recipient refused',
          );
          callback(replyError(reply));
          return;
        }
        this.state(session).accepted.set(address.address.toLowerCase(), check.recipient);
        callback();
      },
      (error: unknown) => {
        this.log.warn(
          { session: session.id, rcpt: address.address, err: describe(error) },
          'recipient check failed',
        );
        callback(replyError(failureReply('TEMPORARY_FAILURE', address.address, this.options)));
      },
    );
  }

  onData(
    stream: Readable & { sizeExceeded?: boolean },
    session: SMTPServerSession,
    callback: (error?: Error | null, results?: SMTPServerDataResult[]) => void,
  ): void {
    const work = this.handleData(stream, session).then(
      (results) => callback(null, results),
      (error: unknown) => {
        // Only a connection lost mid-DATA ends here; nothing was delivered, and nobody is left to answer.
        this.log.warn(
          { session: session.id, err: describe(error) },
          'message not received in full; nothing delivered',
        );
        callback(error instanceof Error ? error : new Error(String(error)));
      },
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handleData(
    stream: Readable & { sizeExceeded?: boolean },
    session: SMTPServerSession,
  ): Promise<SMTPServerDataResult[]> {
    const started = Date.now();
    const state = this.state(session);
    state.transactions++;
    // smtp-server keeps one entry per address, in RCPT order; each gets exactly one reply.
    const rcpts = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    const message = await readMessage(stream, this.options.maxMessageSize);
    const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    let outcomes: DeliveryOutcome[];
    if (message.raw === null || stream.sizeExceeded) {
      outcomes = rcpts.map((rcpt) => ({
        ok: false,
        rcpt,
        code: 'MESSAGE_TOO_LARGE',
        detail: `${message.size} bytes`,
      }));
    } else {
      const accepted = rcpts.map((rcpt) => state.accepted.get(rcpt.toLowerCase()));
      const deliverable = accepted.filter(
        (recipient): recipient is AcceptedRecipient => recipient !== undefined,
      );
      const delivered = await this.delivery.deliver({
        envelope: {
          sender,
          heloName: session.hostNameAppearsAs || '',
          clientHostname: session.clientHostname,
          remoteAddress: session.remoteAddress,
          id: `${session.id}.${state.transactions}`,
          transport: session.secure ? 'LMTPS' : 'LMTP',
        },
        raw: message.raw,
        recipients: deliverable,
      });
      const byRcpt = new Map(delivered.map((outcome) => [outcome.rcpt, outcome]));
      outcomes = rcpts.map(
        (rcpt) =>
          byRcpt.get(state.accepted.get(rcpt.toLowerCase())?.rcpt ?? rcpt) ?? {
            ok: false,
            rcpt,
            code: 'TEMPORARY_FAILURE',
            detail: 'recipient state lost',
          },
      );
    }
    state.accepted.clear();
    const replies = outcomes.map((outcome) => outcomeReply(outcome, session.id, this.options));
    this.log.info(
      {
        session: session.id,
        sender,
        size: message.size,
        durationMs: Date.now() - started,
        recipients: outcomes.map((outcome, index) => ({
          rcpt: outcome.rcpt,
          reply: replies[index]?.code,
          ...(outcome.ok
            ? {
                disposition: outcome.disposition,
                mailbox: outcome.mailbox,
                uid: outcome.uid,
                spam: outcome.spam,
                forwards: outcome.forwards,
                autoreplied: outcome.autoreplied,
                filters: outcome.filters,
              }
            : { code: outcome.code, detail: outcome.detail }),
        })),
      },
      'lmtp delivery',
    );
    return replies.map((reply) => (reply.code < 300 ? replyText(reply) : replyError(reply)));
  }

  private state(session: SMTPServerSession): SessionState {
    let state = this.sessions.get(session.id);
    if (!state) {
      state = { started: Date.now(), transactions: 0, accepted: new Map() };
      this.sessions.set(session.id, state);
    }
    return state;
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
