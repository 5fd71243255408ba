import { describe, expect, it } from 'vitest';
import { checkUploadHost } from '../../../src-main/security/result-url';

const BEIJING = 'https://dashscope.aliyuncs.com/api/v1';
const SIM = 'http://127.0.0.1:8089/api/v1';
const why = (url: string, endpoint: string) => {
  const c = checkUploadHost(url, endpoint);
  return c.ok ? 'ok' : c.why;
};

describe('upload host policy (the policy answer names where the sketch is POSTed)', () => {
  it('takes OSS bucket hosts over https, in any OSS region', () => {
    expect(why('https://dashscope-file-mgr.oss-cn-beijing.aliyuncs.com', BEIJING)).toBe('ok');
    expect(why('https://dashscope-file-xxx.oss-cn-beijing.aliyuncs.com/', BEIJING)).toBe('ok');
    expect(
      why('https://dashscope-intl.oss-ap-southeast-1.aliyuncs.com', 'https://dashscope-intl.aliyuncs.com/api/v1'),
    ).toBe('ok');
  });

  it('refuses other schemes, hosts, ports and credentials', () => {
    expect(why('file:///etc/passwd', BEIJING)).toBe('scheme');
    expect(why('http://dashscope-file-x.oss-cn-beijing.aliyuncs.com', BEIJING)).toBe('scheme');
    expect(why('https://169.254.169.254/', BEIJING)).toBe('host');
    expect(why('https://127.0.0.1:9/', BEIJING)).toBe('host');
    expect(why('https://dashscope.aliyuncs.com/', BEIJING)).toBe('host');
    expect(why('https://oss-cn-beijing.aliyuncs.com/', BEIJING)).toBe('host');
    expect(why('https://x.oss-cn-beijing.aliyuncs.com.evil.io/', BEIJING)).toBe('host');
    expect(why('https://dashscope-file-x.oss-cn-beijing.aliyuncs.com:8443/', BEIJING)).toBe('port');
    expect(why('https://u:p@dashscope-file-x.oss-cn-beijing.aliyuncs.com/', BEIJING)).toBe('credentials');
  });

  it('lets a loopback endpoint (the simulator) name a loopback upload host, and nothing else on plain http', () => {
    expect(why('http://127.0.0.1:8090/', SIM)).toBe('ok');
    expect(why('http://192.168.1.10/', SIM)).toBe('scheme');
    expect(why('http://127.0.0.1:8090/', 'https://proxy.example/api/v1')).toBe('scheme');
  });
});
