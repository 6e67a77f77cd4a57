import { pluginSchemaGoldenTests } from '../../test/golden.js';
import { keyAuthPlugin } from '../key-auth/index.js';
import { aclPlugin } from './index.js';

pluginSchemaGoldenTests(aclPlugin, [keyAuthPlugin]);
