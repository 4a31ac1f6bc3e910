enum Etcd3Placeholder {}
