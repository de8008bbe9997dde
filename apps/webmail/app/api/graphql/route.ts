export { POST } from '../../../src/server/graphql.route-handler';
