import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { createPrometheus } from './index.js';

pluginSchemaGoldenTests(createPrometheus().plugin);
