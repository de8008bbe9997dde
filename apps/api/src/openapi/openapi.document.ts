import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

/** The OpenAPI 3 document, generated from the controllers and their zod DTOs at boot. */
export const buildOpenApiDocument = (app: INestApplication): OpenAPIObject => {
  const config = new DocumentBuilder()
    .setTitle('Eider API')
    .setDescription(
      'Users, addresses, mailboxes, messages, filters and submission. Paths and JSON shapes follow ' +
        "WildDuck's API, so integrations written for it work unchanged. Every route except " +
        '`/authenticate` and `/health` needs a token in `X-Access-Token` or `Authorization: Bearer`.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Access-Token' }, 'AccessToken')
    .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'Bearer')
    .addSecurityRequirements('AccessToken')
    .addSecurityRequirements('Bearer')
    .build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config), { version: '3.0' });
};

export const serveOpenApi = (app: INestApplication): OpenAPIObject => {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  return document;
};
