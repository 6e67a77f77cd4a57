import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { corsPlugin } from './index.js';

pluginSchemaGoldenTests(corsPlugin);
