import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { basicAuthPlugin } from './index.js';

pluginSchemaGoldenTests(basicAuthPlugin);
