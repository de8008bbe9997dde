import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { EIDER_CONFIG, type EiderConfig } from '@eider/config';
import { PinoLogger } from 'nestjs-pino';
import type { Principal } from '../auth/principal';
import { PrincipalResolver } from '../auth/principal.resolver';
import { tokenFromConnectionParams, tokenFromHttp, type GraphqlContext } from './graphql-context';
import { formatGraphqlError } from './graphql-errors';
import { queryLimitsPlugin } from './query-limits.plugin';
import { MeResolver } from './users/me.resolver';

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
          inject: [EIDER_CONFIG, PrincipalResolver, PinoLogger],
          useFactory: (config: EiderConfig, principals: PrincipalResolver, logger: PinoLogger) => ({
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
      ],
      providers: [MeResolver],
    };
  }
}
