import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { EiderConfig } from './config.schema';

export const EIDER_CONFIG = Symbol('EIDER_CONFIG');

/** Makes the validated config injectable everywhere with `@Inject(EIDER_CONFIG)`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: EiderConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: EIDER_CONFIG, useValue: config }],
      exports: [EIDER_CONFIG],
    };
  }
}
