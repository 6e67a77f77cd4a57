import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { requestSizeLimitingPlugin } from './index.js';

pluginSchemaGoldenTests(requestSizeLimitingPlugin);
