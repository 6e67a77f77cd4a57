import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { proxyCachePlugin } from './index.js';

pluginSchemaGoldenTests(proxyCachePlugin);
