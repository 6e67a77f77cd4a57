import { MemoryConfigStore } from '../../src/store/index.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('MemoryConfigStore', async (_t, options) => new MemoryConfigStore(options));
