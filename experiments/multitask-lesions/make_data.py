# Builds the evidence data from three SyntheticLesions folders: train pool (all attributes known,
# diagnosis known on N images per seed), val and test (fully labelled).
import csv, random, sys, os
N = int(sys.argv[2]); seeds = [int(s) for s in sys.argv[3].split(',')]
root = sys.argv[1]
rows = list(csv.DictReader(open(f'{root}/pool/labels.csv')))
for part in ['val', 'test']:
    r = list(csv.DictReader(open(f'{root}/{part}/labels.csv')))
    with open(f'{root}/{part}.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(r[0].keys()) + ['diagnosis'])
        w.writeheader()
        for x in r:
            x = dict(x); x['path'] = f'{part}/' + x['path']; x['diagnosis'] = x['label']; w.writerow(x)
for seed in seeds:
    rnd = random.Random(seed)
    by = {'benign': [i for i, x in enumerate(rows) if x['label'] == 'benign'],
          'melanoma': [i for i, x in enumerate(rows) if x['label'] == 'melanoma']}
    keep = set(rnd.sample(by['benign'], N // 2) + rnd.sample(by['melanoma'], N // 2))
    fields = list(rows[0].keys()) + ['diagnosis']
    with open(f'{root}/mt{seed}.csv', 'w', newline='') as f, open(f'{root}/st{seed}.csv', 'w', newline='') as g:
        w = csv.DictWriter(f, fieldnames=fields); w.writeheader()
        v = csv.DictWriter(g, fieldnames=fields); v.writeheader()
        for i, x in enumerate(rows):
            x = dict(x); x['path'] = 'pool/' + x['path']
            x['diagnosis'] = x['label'] if i in keep else ''
            w.writerow(x)
            if i in keep:
                v.writerow(x)
