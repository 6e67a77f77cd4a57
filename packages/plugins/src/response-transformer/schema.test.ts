import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { responseTransformerPlugin } from './index.js';

pluginSchemaGoldenTests(responseTransformerPlugin);
