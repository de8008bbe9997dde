import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { PinoLogger } from 'nestjs-pino';
import { ApiError, type ApiErrorCode } from './api-error';
import { apiErrorFromDomain } from './domain-error.mapper';

interface ErrorBody {
  error: string;
  code: ApiErrorCode;
  details?: unknown;
}

interface ZodIssueLike {
  path: (string | number)[];
  message: string;
}

const validationMessage = (issues: ZodIssueLike[]): string =>
  issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');

// body-parser reports with `type` and `status`; these are client faults and safe to name.
const bodyParserError = (error: unknown): ApiError | null => {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  const { type } = error;
  switch (type) {
    case 'entity.too.large':
      return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'PayloadTooLarge', 'Request body is too large');
    case 'entity.parse.failed':
      return ApiError.badInput('Request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'UnsupportedMediaType',
        'Unsupported body encoding',
      );
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return ApiError.badInput('Request body could not be read');
    default:
      return null;
  }
};

const fromHttpException = (exception: HttpException): ApiError => {
  const status: HttpStatus = exception.getStatus();
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return new ApiError(status, 'RouteNotFound', 'No such route');
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return new ApiError(status, 'PayloadTooLarge', 'Request body is too large');
    case HttpStatus.UNAUTHORIZED:
      return new ApiError(status, 'InvalidToken', 'A valid access token is required');
    case HttpStatus.FORBIDDEN:
      return ApiError.forbidden();
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return new ApiError(status, 'UnsupportedMediaType', 'Unsupported content type');
    default:
      return Number(status) < 500
        ? new ApiError(status, 'InputValidationError', 'The request was not accepted')
        : new ApiError(status, 'InternalError', 'Internal error');
  }
};

/**
 * Every failure leaves as `{error, code}` with a fitting status. Only ApiError text and domain error
 * text (which the domain writes for users) are shown; anything unexpected is logged and answered 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('api');
  }

  catch(exception: unknown, host: ArgumentsHost): unknown {
    // GraphQL resolvers report through the operation's errors (graphql/graphql-errors.ts), not HTTP.
    if (host.getType() !== 'http') return exception;
    const response = host.switchToHttp().getResponse<Response>();
    const apiError = this.toApiError(exception);
    if (apiError.code === 'InternalError') this.logger.error({ err: exception }, 'request failed');
    else if (Number(apiError.status) >= 500)
      this.logger.warn({ code: apiError.code, msg: apiError.message }, 'request refused');
    if (response.headersSent) {
      // A stream already started (message download, SSE): all that is left is to cut it.
      response.destroy();
      return undefined;
    }
    const body: ErrorBody = { error: apiError.message, code: apiError.code };
    if (apiError.details !== undefined) body.details = apiError.details;
    response.status(apiError.status).json(body);
    return undefined;
  }

  private toApiError(exception: unknown): ApiError {
    const domain = apiErrorFromDomain(exception);
    if (domain) return domain;
    if (exception instanceof ZodValidationException) {
      const zodError = exception.getZodError() as { issues: ZodIssueLike[] };
      const issues = zodError.issues.map((issue) => ({ path: issue.path, message: issue.message }));
      return ApiError.badInput(validationMessage(issues), issues);
    }
    const parserError = bodyParserError(exception);
    if (parserError) return parserError;
    if (exception instanceof HttpException) return fromHttpException(exception);
    return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, 'InternalError', 'Internal error');
  }
}
