import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { requestTransformerPlugin } from './index.js';

pluginSchemaGoldenTests(requestTransformerPlugin);
