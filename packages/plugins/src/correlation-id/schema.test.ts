import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { correlationIdPlugin } from './index.js';

pluginSchemaGoldenTests(correlationIdPlugin);
