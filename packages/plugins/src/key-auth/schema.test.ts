import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { keyAuthPlugin } from './index.js';

pluginSchemaGoldenTests(keyAuthPlugin);
