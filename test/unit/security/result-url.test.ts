import { describe, expect, it } from 'vitest';
import { checkResultUrl } from '../../../src-main/security/result-url';

const BEIJING = 'https://dashscope.aliyuncs.com/api/v1';
const SIM = 'http://127.0.0.1:8089/api/v1';
const why = (url: string, endpoint: string) => {
  const c = checkResultUrl(url, endpoint);
  return c.ok ? 'ok' : c.why;
};

describe('result URL policy', () => {
  it('takes the documented OSS result hosts over https', () => {
    for (const h of ['bj', 'hz', 'sh', 'wlcb', 'zjk', 'sz', 'hy', 'cd', 'gz']) {
      expect(
        why(`https://dashscope-result-${h}.oss-cn-beijing.aliyuncs.com/1/a.png?Expires=1&Signature=x`, BEIJING),
      ).toBe('ok');
    }
    expect(why('https://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/x.png', BEIJING)).toBe('ok');
  });

  it('refuses other schemes, hosts, ports and credentials from a real endpoint', () => {
    expect(why('file:///etc/passwd', BEIJING)).toBe('scheme');
    expect(why('app://gallery/2026/01/x/result-0.png', BEIJING)).toBe('scheme');
    expect(why('http://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png', BEIJING)).toBe('scheme');
    expect(why('https://169.254.169.254/latest/meta-data/', BEIJING)).toBe('host');
    expect(why('https://192.168.1.1/a.png', BEIJING)).toBe('host');
    expect(why('https://127.0.0.1/a.png', BEIJING)).toBe('host');
    expect(why('https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com.evil.io/a.png', BEIJING)).toBe('host');
    expect(why('https://dashscope-result-xx.oss-cn-beijing.aliyuncs.com/a.png', BEIJING)).toBe('host');
    expect(why('https://evil.io/dashscope-result-bj.oss-cn-beijing.aliyuncs.com', BEIJING)).toBe('host');
    expect(why('https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com:8443/a.png', BEIJING)).toBe('port');
    expect(why('https://u:p@dashscope-result-bj.oss-cn-beijing.aliyuncs.com/a.png', BEIJING)).toBe('credentials');
    expect(why('not a url', BEIJING)).toBe('notAUrl');
  });

  it('a custom https endpoint elsewhere gets the same rule', () => {
    expect(why('https://proxy.example.com/a.png', 'https://proxy.example.com/api/v1')).toBe('host');
    expect(why('http://127.0.0.1:9/a.png', 'https://proxy.example.com/api/v1')).toBe('scheme');
  });

  it('allows plain http to this computer only while the endpoint is on this computer', () => {
    expect(why('http://127.0.0.1:9001/dashscope-result-bj/1/0.png', SIM)).toBe('ok');
    expect(why('http://localhost:9001/x.png', SIM)).toBe('ok');
    expect(why('http://10.0.0.5/x.png', SIM)).toBe('scheme');
    expect(why('https://10.0.0.5/x.png', SIM)).toBe('host');
    expect(why('file:///etc/passwd', SIM)).toBe('scheme');
  });
});
