import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { jwtPlugin } from './index.js';

pluginSchemaGoldenTests(jwtPlugin);
