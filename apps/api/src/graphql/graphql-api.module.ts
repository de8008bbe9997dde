import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import type { Request } from 'express';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { PinoLogger } from 'nestjs-pino';
import type { Principal } from '../auth/principal';
import { PrincipalResolver } from '../auth/principal.resolver';
import { ComposeQueriesResolver } from './compose/compose-queries.resolver';
import { tokenFromConnectionParams, tokenFromHttp, type GraphqlContext } from './graphql-context';
import { formatGraphqlError } from './graphql-errors';
import { queryLimitsPlugin } from './query-limits.plugin';
import { GraphqlLoaders } from './loaders/request-loaders';
import { MailboxQueriesResolver } from './queries/mailbox-queries.resolver';
import { MessageFieldsResolver } from './queries/message-fields.resolver';
import { MessageQueriesResolver } from './queries/message-queries.resolver';
import { ThreadQueriesResolver } from './queries/thread-queries.resolver';
import { UserQueriesResolver } from './queries/user-queries.resolver';
import { GraphqlSubscriptionsModule } from './subscriptions/graphql-subscriptions.module';
import { graphqlWsHooks } from './subscriptions/graphql-ws.hooks';
import { ApplicationPasswordResolver } from './mutations/application-password.resolver';
import { AuthenticationResolver } from './mutations/authentication.resolver';
import { AutoreplyResolver } from './mutations/autoreply.resolver';
import { FilterResolver } from './mutations/filter.resolver';
import { MailboxMutationsResolver } from './mutations/mailbox-mutations.resolver';
import { MessageMutationsResolver } from './mutations/message-mutations.resolver';
import { SendMessageResolver } from './mutations/send-message.resolver';
import { UserAdminResolver } from './mutations/user-admin.resolver';
import { MessageChangesService } from '../messages/message-changes.service';
import { SubmissionModule } from '../submission/submission.module';

interface SocketExtra {
  principal?: Principal;
}

/**
 * GraphQL at /graphql over the same domain services and tokens as REST: code-first schema, queries and
 * mutations over HTTP, subscriptions over graphql-ws on the same path.
 */
@Module({})
export class GraphqlApiModule {
  static forRoot(): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [EIDER_CONFIG, PrincipalResolver, PinoLogger, GraphQLSchemaHost],
          useFactory: (
            config: EiderConfig,
            principals: PrincipalResolver,
            logger: PinoLogger,
            schemaHost: GraphQLSchemaHost,
          ) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            introspection: config.api.graphql.introspection,
            playground: config.api.graphql.ide,
            includeStacktraceInErrorResponses: false,
            plugins: [queryLimitsPlugin(config.api.graphql)],
            formatError: (formatted, error) =>
              formatGraphqlError(formatted, error, (internal) =>
                logger.error({ err: internal }, 'graphql operation failed'),
              ),
            subscriptions: {
              'graphql-ws': {
                // Limits and error codes as over HTTP (graphql-ws runs outside Apollo's plugins).
                ...graphqlWsHooks(
                  config.api.graphql,
                  () => schemaHost.schema,
                  (internal) => logger.error({ err: internal }, 'graphql subscription failed'),
                ),
                // A socket without a valid token is closed (4403) before any subscription starts.
                onConnect: async (context: {
                  connectionParams?: Record<string, unknown>;
                  extra: unknown;
                }) => {
                  const principal = await principals.resolve(
                    tokenFromConnectionParams(context.connectionParams),
                  );
                  if (!principal) return false;
                  (context.extra as SocketExtra).principal = principal;
                  return true;
                },
              },
            },
            context: async (input: { req?: Request; extra?: SocketExtra }): Promise<GraphqlContext> => {
              if (input.extra) return { principal: input.extra.principal ?? null };
              const principal = input.req ? await principals.resolve(tokenFromHttp(input.req)) : null;
              return { principal, ...(input.req ? { req: input.req } : {}) };
            },
          }),
        }),
        GraphqlSubscriptionsModule,
        SubmissionModule,
      ],
      providers: [
        GraphqlLoaders,
        UserQueriesResolver,
        MailboxQueriesResolver,
        MessageQueriesResolver,
        MessageFieldsResolver,
        ThreadQueriesResolver,
        MessageChangesService,
        FilterResolver,
        AutoreplyResolver,
        ApplicationPasswordResolver,
        UserAdminResolver,
        AuthenticationResolver,
        MailboxMutationsResolver,
        MessageMutationsResolver,
        SendMessageResolver,
        ComposeQueriesResolver,
      ],
    };
  }
}
