import { z } from 'zod';

// Env values always arrive as strings; these accept both the file's typed values and env strings.
const numberFrom = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;

const booleanFrom = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const lowered = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
  if (['false', '0', 'no', 'off'].includes(lowered)) return false;
  return value;
};

export const port = (fallback: number) =>
  z.preprocess(numberFrom, z.number().int().min(1).max(65535)).default(fallback);
export const positiveInt = (fallback: number) =>
  z.preprocess(numberFrom, z.number().int().positive()).default(fallback);
export const flag = (fallback: boolean) => z.preprocess(booleanFrom, z.boolean()).default(fallback);

const listener = (defaultPort: number) =>
  z
    .object({
      enabled: flag(true),
      host: z.string().min(1).default('127.0.0.1'),
      port: port(defaultPort),
    })
    .strict();

const nonNegativeInt = (fallback: number) =>
  z.preprocess(numberFrom, z.number().int().min(0)).default(fallback);

const withImplicitTls = (defaultPort: number, defaultTlsPort: number) =>
  listener(defaultPort)
    .extend({
      implicitTls: z
        .object({ enabled: flag(true), port: port(defaultTlsPort) })
        .strict()
        .default({}),
      allowPlaintextAuth: flag(false),
    })
    .strict();

export const configSchema = z
  .object({
    dataDir: z.string().min(1).default('./data'),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        pretty: z.enum(['auto', 'always', 'never']).default('auto'),
      })
      .strict()
      .default({}),
    mongo: z
      .object({
        // Not z.string().url(): replica-set URIs list several hosts, which WHATWG URL parsing rejects.
        uri: z
          .string()
          .regex(
            /^mongodb(\+srv)?:\/\/[^\s/]+(\/.*)?$/,
            'must be a mongodb:// or mongodb+srv:// connection string',
          )
          .optional(),
        database: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only, at most 63 characters')
          .default('eider'),
        // Driver command events (commandStarted/...); off in production, tests turn it on to count queries.
        monitorCommands: z.boolean().default(false),
        embedded: z
          .object({
            port: port(27027),
            backend: z.enum(['sqlite', 'postgresql']).default('sqlite'),
            postgresqlUrl: z.string().default('postgres://127.0.0.1:5432/eider_ferretdb'),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    redis: z
      .object({
        url: z
          .string()
          .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
          .optional(),
        keyPrefix: z.string().default('eider:'),
        embedded: z
          .object({ port: port(6391) })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    api: listener(8080)
      .extend({
        publicUrl: z.string().url().optional(),
        rootToken: z.string().min(16, 'use at least 16 characters').optional(),
        // Lifetime of tokens from POST /authenticate; revocation ends them sooner.
        tokenTtlSeconds: positiveInt(24 * 3600),
        // JSON and raw request bodies above this are refused with 413 before they are buffered.
        maxBodyBytes: positiveInt(48 * 1024 * 1024),
        // The OpenAPI document and its browsable UI at /openapi.json and /docs.
        docs: flag(true),
        graphql: z
          .object({
            enabled: flag(true),
            // Schema introspection and the browsable IDE at /graphql; turn off in production if you wish.
            introspection: flag(true),
            ide: flag(true),
            maxDepth: positiveInt(12),
            maxComplexity: positiveInt(5000),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    imap: withImplicitTls(1143, 1993)
      .extend({
        // RFC 9051 5.4: at least 30 minutes once authenticated; unauthenticated sessions get far less.
        autologoutSeconds: z.preprocess(numberFrom, z.number().int().min(1800)).default(1800),
        preauthTimeoutSeconds: positiveInt(60),
        idleKeepaliveSeconds: positiveInt(120),
      })
      .strict()
      .default({}),
    pop3: withImplicitTls(1110, 1995)
      .extend({
        // 'trash' is the seed's behaviour (DELE moves to Trash); 'expunge' deletes as RFC 1939 expects.
        deleteMode: z.enum(['trash', 'expunge']).default('trash'),
        // Only the newest N INBOX messages form the maildrop; 0 lists all of them.
        maxMessages: nonNegativeInt(0),
        idleTimeoutSeconds: positiveInt(600),
      })
      .strict()
      .default({}),
    lmtp: listener(2424)
      .extend({
        overQuotaPermanent: flag(false),
        // The name this host gives itself in Received headers and the LMTP greeting; empty means os.hostname().
        hostname: z.string().default(''),
        starttls: flag(true),
        spam: z
          .object({
            // Only a header added by the operator's own scanner is trusted; anything else is sender-controlled.
            header: z.string().min(1).default('X-Spam-Status'),
            format: z.enum(['spamassassin', 'rspamd', 'score']).default('spamassassin'),
            // Score at or above which a message is spam for a user with the default spam level (50).
            threshold: z.preprocess(numberFrom, z.number()).default(5),
          })
          .strict()
          .default({}),
        relay: z
          .object({
            // nodemailer transport URL used for forwards and autoreplies; empty disables outbound mail.
            url: z
              .string()
              .regex(/^(smtps?:\/\/\S+)?$/, 'must be an smtp:// or smtps:// URL')
              .default(''),
            from: z.string().default(''),
          })
          .strict()
          .default({}),
        forwardsPerUserPerHour: positiveInt(500),
        autoreplyIntervalSeconds: positiveInt(7 * 24 * 3600),
      })
      .strict()
      .default({}),
    webmail: listener(3000).extend({ apiUrl: z.string().url().optional() }).strict().default({}),
    tls: z
      .object({
        keyFile: z.string().optional(),
        certFile: z.string().optional(),
        selfSigned: flag(true),
      })
      .strict()
      .default({}),
    limits: z
      .object({
        maxMessageSize: positiveInt(64 * 1024 * 1024),
        maxLineLength: positiveInt(64 * 1024),
        maxLiteralSize: positiveInt(64 * 1024 * 1024),
        maxBadCommands: positiveInt(20),
        authFailuresPerWindow: positiveInt(10),
        authFailureWindowSeconds: positiveInt(300),
        journalRetentionSeconds: positiveInt(14 * 24 * 3600),
        // Daily defaults per user, overridable per user through the API; 0 means unlimited.
        recipientsPerDay: nonNegativeInt(2000),
        forwardsPerDay: nonNegativeInt(2000),
        imapDownloadBytesPerDay: nonNegativeInt(0),
        pop3DownloadBytesPerDay: nonNegativeInt(0),
      })
      .strict()
      .default({}),
  })
  .strict();

export type EiderConfig = z.infer<typeof configSchema>;
export type ServiceName = 'api' | 'imap' | 'pop3' | 'lmtp' | 'webmail';
export const SERVICE_NAMES: readonly ServiceName[] = ['api', 'imap', 'pop3', 'lmtp', 'webmail'];

// Keys whose values never appear in printed config or logs.
export const SECRET_KEYS: readonly string[] = ['api.rootToken'];
// Keys holding URLs whose user-info (passwords) is masked when printed.
export const URL_KEYS_WITH_CREDENTIALS: readonly string[] = [
  'mongo.uri',
  'redis.url',
  'mongo.embedded.postgresqlUrl',
  'lmtp.relay.url',
];
