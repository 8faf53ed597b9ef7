import json,glob,re,collections
# Generates src/domain/protocols/registry-data.ts from the crfa off-chain registry.
files=sorted(glob.glob('/work/shared/data/crfa-dapps/dApps/*.json'))
hash_owner=collections.defaultdict(set); pol_owner=collections.defaultdict(set)
entries=[]
for f in files:
  d=json.load(open(f))
  if f.endswith('generic.json'): continue
  pid=re.sub(r'[^a-z0-9]','',d['projectName'].lower())
  scripts={}; pols=set()
  for s in d.get('scripts',[]):
    for v in s.get('versions',[]):
      h=(v.get('scriptHash') or '')[:56].lower()
      if s.get('purpose')=='MINT' and v.get('mintPolicyID'): pols.add(v['mintPolicyID'].lower()); 
      if s.get('purpose')=='MINT' and not v.get('mintPolicyID') and h: pols.add(h)
      if s.get('purpose')!='MINT' and len(h)==56 and re.fullmatch('[0-9a-f]{56}',h):
        scripts.setdefault(h, s.get('name') or '')
  for h in scripts: hash_owner[h].add(pid)
  for p in pols: pol_owner[p].add(pid)
  entries.append(dict(id=pid,name=d['projectName'],category=d.get('category') or 'UNKNOWN',subCategory=d.get('subCategory'),scripts=scripts,policies=pols))
dropped=0
out=[]
for e in entries:
  sc=[(h,n) for h,n in sorted(e['scripts'].items()) if len(hash_owner[h])==1]
  po=sorted(p for p in e['policies'] if len(pol_owner[p])==1 and re.fullmatch('[0-9a-f]{56}',p))
  dropped+=len(e['scripts'])-len(sc)
  if not sc and not po: continue
  out.append((e,sc,po))
lines=['// GENERATED from the Cardano-Fans crfa-offchain-data-registry (MIT, commit 977994f9) by',
'// test/unit/domain/support/generate-registry-data.py; do not edit by hand. Script hashes are the first 56',
'// hex chars; hashes or policies claimed by more than one dApp there (copy errors) are left out.',
"import type { ProtocolFacts } from './protocol-info.js';",'',
'export const REGISTRY_DATA: readonly ProtocolFacts[] = [']
for e,sc,po in out:
  lines.append('  {')
  lines.append(f"    id: {json.dumps(e['id'])},")
  lines.append(f"    name: {json.dumps(e['name'])},")
  lines.append(f"    category: {json.dumps(e['category'])},")
  lines.append(f"    subCategory: {json.dumps(e['subCategory'])},")
  lines.append('    scripts: [')
  for h,n in sc: lines.append(f"      {{ hash: '{h}', role: 'other', name: {json.dumps(n)} }},")
  lines.append('    ],')
  lines.append('    policies: [' + ', '.join(f"'{p}'" for p in po) + '],')
  lines.append('  },')
lines.append('];')
open('/work/main/src/domain/protocols/registry-data.ts','w').write('\n'.join(lines)+'\n')
print(len(out),'protocols; dropped overlapping scripts',dropped)
