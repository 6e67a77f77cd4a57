import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { ipRestrictionPlugin } from './index.js';

pluginSchemaGoldenTests(ipRestrictionPlugin);
