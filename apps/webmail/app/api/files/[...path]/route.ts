export { GET } from '../../../../src/server/files.route-handler';
