import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { rateLimitingPlugin } from './index.js';

pluginSchemaGoldenTests(rateLimitingPlugin);
